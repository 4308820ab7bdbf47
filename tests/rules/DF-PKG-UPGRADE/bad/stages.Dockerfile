FROM debian:12 AS base
RUN apt-get update && apt-get upgrade -y
FROM base
CMD ["true"]
