# USER root is DF-USER-ROOT's finding, not a missing USER
FROM alpine:3.19
USER root
