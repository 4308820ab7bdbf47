FROM debian:12
RUN <<EOF
set -e
sudo id
EOF
