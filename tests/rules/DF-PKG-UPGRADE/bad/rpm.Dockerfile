FROM fedora:40
RUN dnf upgrade -y && dnf clean all
RUN yum update -y
RUN microdnf upgrade
RUN tdnf distro-sync -y
RUN zypper --non-interactive update
RUN zypper -n dup
RUN zypper -n dist-upgrade --no-recommends
