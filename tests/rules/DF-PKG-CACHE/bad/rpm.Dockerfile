FROM fedora:40
RUN yum install -y nginx-1.24.0
RUN dnf install -y httpd-2.4.58
RUN microdnf install git-2.43.0
RUN tdnf install -y vim-9.0.2
RUN zypper -n install curl=8.6.0
RUN dnf install -y php-8.3.4 && dnf clean packages
