FROM builder AS app
COPY --from=builder /x /y
FROM alpine:3.19 AS builder
RUN echo built
