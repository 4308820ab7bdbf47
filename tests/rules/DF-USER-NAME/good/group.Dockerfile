# only the user part matters to runAsNonRoot
FROM alpine:3.19
USER 10001:app
