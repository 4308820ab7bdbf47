FROM fedora:40
RUN dnf install -y httpd-2.4.58 @development-tools 'dnf-command(config-manager)' /tmp/x.rpm && dnf clean all
RUN yum install -y --enablerepo epel nginx-1:1.24.0-1.el9 && yum clean all
RUN microdnf install -y git-2.43.0-1.fc40 && tdnf install -y vim-9.0.2
