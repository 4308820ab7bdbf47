FROM alpine:3.19 AS base
FROM debian:12 AS Base
FROM base
