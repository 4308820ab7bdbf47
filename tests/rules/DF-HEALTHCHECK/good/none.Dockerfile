# probed by Kubernetes: an explicit choice
FROM alpine:3.19
HEALTHCHECK NONE
