FROM opensuse/leap:15.5
RUN zypper -n in curl=8.6.0 'vim>=9.0' ./x.rpm && zypper -n in -t pattern devel_basis
RUN zypper -n --root /mnt in less=643 && zypper clean
