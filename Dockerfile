# Mimamori images: `app` (API + workers + demo loader) and `web` (static web app behind nginx).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY db/package.json db/
COPY workers/package.json workers/
COPY api/package.json api/
COPY web/package.json web/
RUN npm install --no-save --no-audit --no-fund
COPY . .
RUN NX_DAEMON=false npx nx run-many -t build --output-style=static

FROM node:20-bookworm-slim AS app
WORKDIR /app
ENV NODE_ENV=production
# GDAL's ogr2ogr reads Shapefiles and GeoPackages and writes GeoPackages; Chromium renders PDF reports.
RUN apt-get update && apt-get install -y --no-install-recommends gdal-bin chromium fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
EXPOSE 3000
CMD ["node", "api/dist/main.js"]

FROM nginx:1.27-alpine AS web
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/web/dist /usr/share/nginx/html
