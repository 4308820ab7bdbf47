FROM fedora:40
RUN dnf install httpd-2.4.58 && dnf clean all
RUN yum install nginx-1.24.0 && yum clean all
RUN tdnf install vim-9.0.2 && tdnf clean all
RUN zypper install curl=8.6.0 && zypper clean
RUN zypper in -n curl=8.6.0
RUN dnf groupinstall "Development Tools"
