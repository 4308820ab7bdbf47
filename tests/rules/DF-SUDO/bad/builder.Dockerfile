# sudo is flagged in every stage
FROM debian:12 AS build
RUN sudo make
FROM debian:12
RUN doas true
