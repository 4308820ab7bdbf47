FROM alpine:3.19
USER 10001
RUN id
USER root
CMD ["sh"]
