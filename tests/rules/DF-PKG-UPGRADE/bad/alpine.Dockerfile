FROM alpine:3.19
RUN apk upgrade
RUN apk --no-cache upgrade --available
