FROM alpine:3.19 AS base
HEALTHCHECK CMD ["true"]
FROM base
CMD ["sh"]
