FROM node:20
RUN npm install -g typescript @angular/cli@17.3.0 eslint@latest
RUN npm i --save-dev lodash @types/node
RUN npm add user/repo
