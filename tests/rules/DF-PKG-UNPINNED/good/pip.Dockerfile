FROM python:3.12-slim
RUN pip install --no-cache-dir -r requirements.txt
RUN pip install --no-cache-dir -c constraints.txt flask
RUN pip install --no-cache-dir "flask~=3.0" "requests===2.32.3" "idna!=3.6" ./dist/app-1.0-py3-none-any.whl .
RUN pip install --no-cache-dir git+https://github.com/psf/black.git@24.4.2 https://example.com/pkg-1.0.tar.gz
RUN pip install --no-cache-dir -e ./src --find-links /wheels "starlette @ git+https://github.com/encode/starlette.git@0.37.2"
RUN python3 -m pip install --no-cache-dir "uvicorn[standard]==0.29.0" pkg==${PKG_VERSION}
RUN pip download flask
