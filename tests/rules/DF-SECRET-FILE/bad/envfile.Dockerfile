# an ENV that names a credentials file which is copied in
FROM python:3.12
COPY gcp-sa.json /app/
ENV GOOGLE_APPLICATION_CREDENTIALS=/app/gcp-sa.json
COPY build/kube.yaml /root/.kube/config
ENV KUBECONFIG=/root/.kube/config
USER 1000
