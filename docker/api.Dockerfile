# Production image: the API serving the built web app on one port. Build from the repository root:
#   docker build -f docker/api.Dockerfile -t mailpulse .
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build -p api web --outputStyle=static

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    WEB_DIST_DIR=/app/web \
    MAILPULSE_MIGRATIONS_DIR=/app/migrations \
    MAILPULSE_DATA_DIR=/data
WORKDIR /app
COPY --from=build /src/dist/apps/api/ ./
COPY --from=build /src/dist/apps/web/browser/ ./web/
COPY --from=build /src/apps/api/migrations/ ./migrations/
RUN npm install --omit=dev --no-audit --no-fund && mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "main.js"]
