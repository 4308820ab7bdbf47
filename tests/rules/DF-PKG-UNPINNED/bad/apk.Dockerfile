FROM alpine:3.19
RUN apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.4-r2 make~4.4
RUN apk --no-cache add bash
