# root in a builder stage is not shipped
FROM golang:1.22 AS build
USER root
RUN go version
FROM alpine:3.19
COPY --from=build /go/bin /usr/local/bin
USER 10001
