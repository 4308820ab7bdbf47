FROM opensuse/leap:15.5
RUN zypper --non-interactive install curl vim=9.0 && zypper clean
RUN zypper -n in -t package less
