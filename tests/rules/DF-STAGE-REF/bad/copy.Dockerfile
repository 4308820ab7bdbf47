FROM golang:1.22 AS build
RUN go build -o /out/app .
FROM debian:12 AS runtime
COPY --from=biuld /out/app /app
COPY --from=runtime /etc/passwd /tmp/passwd
COPY --from=1 /a /b
COPY --from=5 /a /b
COPY --from=build /out/app /app
