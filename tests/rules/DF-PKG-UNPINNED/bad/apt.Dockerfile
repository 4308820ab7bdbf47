FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl wget=1.21.3-1+b2 ca-certificates && rm -rf /var/lib/apt/lists/*
RUN apt-get install -y -t bookworm-backports git
RUN apt-get install -y \
    vim \
    ./local.deb \
    nano=${NANO_VERSION}
RUN apt install -y htop
RUN if [ -n "$X" ]; then apt-get install -y jq; fi
RUN sudo apt-get -y install tree || true
