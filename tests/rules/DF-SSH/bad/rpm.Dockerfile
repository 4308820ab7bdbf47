FROM fedora:40 AS base
RUN dnf install -y openssh-server && systemctl enable sshd
FROM base
ENTRYPOINT /usr/sbin/sshd -D
