# a final stage built on a stage with USER inherits it
FROM alpine:3.19 AS base
USER 10001
FROM base
CMD ["sh"]
