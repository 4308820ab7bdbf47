FROM python:3.12
RUN pip install flask==3.0.3
RUN python3 -m pip install requests==2.32.3
RUN yarn install --frozen-lockfile
RUN yarn
