FROM node:20
# lockfile-driven installs
RUN npm ci && npm install && npm install --omit dev
RUN npm install -g typescript@5.4.5 @angular/cli@17.3.0 ./local-pkg ../x.tgz
RUN npm install git+https://github.com/a/b.git#v1.0 user/repo#v2 file:../lib https://example.com/p-1.0.tgz
RUN npm install --registry https://registry.example.com left-pad@1.3.0
