FROM python:3.12-slim
RUN pip install --no-cache-dir flask requests==2.32.3 "django>=5.0"
RUN pip3 install --no-cache-dir -r requirements.txt gunicorn
RUN python3 -m pip install --no-cache-dir --upgrade pip
RUN pip install --no-cache-dir -i https://pypi.example/simple "uvicorn[standard]"
RUN pip install --no-cache-dir git+https://github.com/psf/black.git
