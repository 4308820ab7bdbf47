# the builder's USER is not the final stage's
FROM golang:1.22 AS build
USER 1000
RUN go version
FROM alpine:3.19
COPY --from=build /go/bin /usr/local/bin
