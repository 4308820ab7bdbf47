FROM fedora:40
RUN dnf makecache && echo done
RUN yum makecache
RUN microdnf makecache
RUN tdnf makecache
RUN zypper refresh
RUN zypper --non-interactive ref
RUN dnf makecache && microdnf install -y git-2.43.0
