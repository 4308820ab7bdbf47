FROM fedora:40
RUN dnf install -y httpd php-8.3.4 java-17-openjdk && dnf clean all
RUN yum install -y nginx && yum clean all
RUN microdnf install -y git
RUN tdnf install -y vim && tdnf clean all
