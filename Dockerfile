# darkhorses: the long-running service (`darkhorses run`) in a slim image, as a non-root user.
#   docker build -t darkhorses .
#   docker run -p 8080:8080 -e DATABASE_URL=postgresql://... -e RACING_API_USERNAME=... \
#     -e RACING_API_PASSWORD=... darkhorses

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
# Inside a container the port is published by the runtime, so the service listens on all
# interfaces; without a DATABASE_URL the data lives in a SQLite file on the /data volume.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DARKHORSES_SERVICE_HOST=0.0.0.0 \
    PORT=8080 \
    LOG_FORMAT=json \
    DATABASE_URL=sqlite:////data/darkhorses.db
COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl && rm -rf /wheels \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin darkhorses \
    && mkdir /data && chown darkhorses:darkhorses /data
USER darkhorses
WORKDIR /home/darkhorses
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8080'), timeout=4)"]
# SIGTERM (docker stop) lets running jobs finish their unit of work; allow it time to.
STOPSIGNAL SIGTERM
ENTRYPOINT ["darkhorses"]
CMD ["run"]
