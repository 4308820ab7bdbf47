FROM alpine:3.19
ARG RUN_AS=root
USER ${RUN_AS}
