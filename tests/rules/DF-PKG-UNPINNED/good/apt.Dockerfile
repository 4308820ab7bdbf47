FROM debian:12
ARG CURL_VERSION=7.88.1-10+deb12u5
# versions from variables, local package files and option arguments
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       curl=${CURL_VERSION} wget=$WGET_VERSION ./pkg.deb /tmp/x.deb $EXTRA_PACKAGES \
    && rm -rf /var/lib/apt/lists/*
RUN apt-get install -y -o Dpkg::Options::=--force-confold jq=1.6-2.1
RUN apt-get install -y --no-install-recommends -t bookworm-backports git=1:2.43.0-1~bpo12+1
RUN apt-get update && apt-get install -y -q && echo "apt-get install curl"
