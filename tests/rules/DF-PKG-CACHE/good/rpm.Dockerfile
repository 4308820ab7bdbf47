FROM fedora:40
RUN yum install -y nginx-1.24.0 && yum clean all
RUN dnf install -y httpd-2.4.58 && dnf clean all
RUN microdnf install git-2.43.0 && microdnf clean all
RUN tdnf install -y vim-9.0.2 && tdnf clean all
RUN zypper -n install curl=8.6.0 && zypper clean --all
RUN dnf install -y php-8.3.4 && rm -rf /var/cache/dnf
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y less-643
