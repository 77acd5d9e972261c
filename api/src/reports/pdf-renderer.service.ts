import { HttpStatus, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { chromium, type Browser } from 'playwright-core';
import { AppError } from '../common/app-error';

/** Debian's Chromium (never a downloaded browser; see STACK.md). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const RENDER_TIMEOUT_MS = 30_000;

/**
 * HTML to A4 PDF with headless Chromium: one browser per process, launched on the first
 * request and closed on shutdown; each document gets its own offline, script-free context.
 */
@Injectable()
export class PdfRenderer implements OnApplicationShutdown {
  private readonly logger = new Logger(PdfRenderer.name);
  private browser: Promise<Browser> | null = null;

  async render(html: string): Promise<Buffer> {
    const browser = await this.launched();
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load', timeout: RENDER_TIMEOUT_MS });
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await context.close();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const launching = this.browser;
    this.browser = null;
    const browser = await launching?.catch(() => null);
    await browser?.close();
  }

  private launched(): Promise<Browser> {
    this.browser ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }).then(
      (browser) => {
        this.logger.log(`Chromium ${browser.version()} started for PDF reports`);
        browser.on('disconnected', () => (this.browser = null));
        return browser;
      },
      (err: Error) => {
        this.browser = null;
        this.logger.error(`Chromium could not start: ${err.message}`);
        throw new AppError(HttpStatus.SERVICE_UNAVAILABLE, 'PDF_UNAVAILABLE', 'the PDF renderer (Chromium) is not available; the HTML report (format=html) can be printed from a browser');
      },
    );
    return this.browser;
  }
}
