FROM alpine:3.19
# apk never prompts
RUN apk add --no-cache bash=5.2.21-r0
