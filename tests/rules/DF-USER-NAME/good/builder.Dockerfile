FROM node:20 AS build
USER node
RUN node --version
FROM node:20
USER 1000
