FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
# apt-get clean does not remove the lists
RUN apt-get update && apt-get install -y --no-install-recommends jq=1.6-2.1 && apt-get clean
RUN --mount=type=cache,target=/var/cache/pip apt-get update
