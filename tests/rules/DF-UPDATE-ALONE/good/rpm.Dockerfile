FROM fedora:40
RUN dnf makecache && dnf install -y httpd-2.4.58 && dnf clean all
# yum is dnf on current RPM distributions: one cache
RUN yum makecache && dnf install -y nginx-1.24.0
RUN microdnf makecache && microdnf install git-2.43.0
RUN tdnf makecache && tdnf install -y vim-9.0.2
RUN zypper refresh && zypper --non-interactive install curl=8.6.0
RUN zypper -n ref && zypper -n in less=643
RUN <<EOT
dnf makecache
dnf install -y php-8.3.4
EOT
