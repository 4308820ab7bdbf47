FROM alpine:3.19 AS base
RUN echo base
FROM base AS app
CMD ["sh"]
