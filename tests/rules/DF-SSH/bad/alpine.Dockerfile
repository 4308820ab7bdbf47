FROM alpine:3.19
RUN apk add --no-cache openssh=9.6_p1-r0 && rc-update add sshd
ARG SSH_PORT=22
EXPOSE ${SSH_PORT}
