FROM fedora:40
RUN dnf install -y httpd-2.4.58 && yum --assumeyes install nginx-1.24.0 && tdnf install -y vim-9.0.2
RUN dnf -yq install php-8.3.4 && dnf --setopt=assumeyes=True install git-2.43.0
# microdnf never prompts
RUN microdnf install git-2.43.0
RUN zypper --non-interactive install curl=8.6.0 && zypper -n in vim=9.0 && zypper in -y less=643
RUN zypper -nq install --no-recommends file=5.44
