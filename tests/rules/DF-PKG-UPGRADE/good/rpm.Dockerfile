FROM fedora:40
RUN dnf upgrade -y openssl && dnf clean all
RUN yum update -y openssl
RUN microdnf update openssl
RUN zypper -n update openssl
RUN zypper -n patch
