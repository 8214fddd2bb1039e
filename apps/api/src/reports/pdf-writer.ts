import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';

const MARGIN = 40;
const INK = '#111827';
const MUTED = '#6b7280';
const RULE = '#d1d5db';

export interface TableColumn {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

/**
 * A small layer over pdfkit for the reports: headings, paragraphs, tables that break across pages, and SVG charts
 * (svg-to-pdfkit). Uses the built-in Helvetica, so only WinAnsi characters are written (no ≥; use >=).
 */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(title: string, footer: string) {
    this.doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: title, Creator: 'Mailpulse' } });
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.footer = footer;
  }

  private readonly footer: string;

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  private ensureSpace(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN - 20) this.doc.addPage();
  }

  title(text: string, subtitle: string): this {
    this.doc.font('Helvetica-Bold').fontSize(18).fillColor(INK).text(text, MARGIN, MARGIN);
    this.doc.moveDown(0.2).font('Helvetica').fontSize(10).fillColor(MUTED).text(subtitle);
    this.doc.moveDown(0.8);
    return this;
  }

  /** A section heading; `keepWithNext` points of what follows must fit on the same page (no orphaned heading). */
  heading(text: string, keepWithNext = 40): this {
    this.ensureSpace(30 + keepWithNext);
    this.doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).fillColor(INK).text(text, MARGIN);
    const y = this.doc.y + 2;
    this.doc.moveTo(MARGIN, y).lineTo(MARGIN + this.width, y).lineWidth(0.5).strokeColor(RULE).stroke();
    this.doc.moveDown(0.5);
    return this;
  }

  paragraph(text: string, muted = false): this {
    this.ensureSpace(20);
    this.doc.font('Helvetica').fontSize(9).fillColor(muted ? MUTED : INK).text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
    return this;
  }

  /** KPI tiles: label above, value below, `perRow` to a row. */
  kpis(items: Array<{ label: string; value: string; note?: string }>, perRow = 4): this {
    const gap = 8;
    const w = (this.width - gap * (perRow - 1)) / perRow;
    const h = 46;
    for (let i = 0; i < items.length; i += perRow) {
      this.ensureSpace(h + gap);
      const y = this.doc.y;
      items.slice(i, i + perRow).forEach((item, j) => {
        const x = MARGIN + j * (w + gap);
        this.doc.roundedRect(x, y, w, h, 4).fillColor('#f3f4f6').fill();
        this.doc.font('Helvetica').fontSize(8).fillColor(MUTED).text(item.label, x + 8, y + 6, { width: w - 16, lineBreak: false });
        this.doc.font('Helvetica-Bold').fontSize(14).fillColor(INK).text(item.value, x + 8, y + 17, { width: w - 16, lineBreak: false });
        if (item.note) this.doc.font('Helvetica').fontSize(7.5).fillColor(MUTED).text(item.note, x + 8, y + 34, { width: w - 16, lineBreak: false });
      });
      this.doc.x = MARGIN;
      this.doc.y = y + h + gap;
    }
    return this;
  }

  table(columns: TableColumn[], rows: string[][], empty = 'None in this period.'): this {
    if (rows.length === 0) return this.paragraph(empty, true);
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const drawRow = (cells: string[], bold: boolean) => {
      this.doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
      const height = Math.max(...cells.map((c, i) => this.doc.heightOfString(c, { width: widths[i]! - 6 }))) + 6;
      this.ensureSpace(height);
      const y = this.doc.y;
      let x = MARGIN;
      cells.forEach((c, i) => {
        this.doc.fillColor(bold ? MUTED : INK).text(c, x + 3, y + 3, { width: widths[i]! - 6, align: columns[i]!.align ?? 'left' });
        x += widths[i]!;
      });
      this.doc.moveTo(MARGIN, y + height).lineTo(MARGIN + this.width, y + height).lineWidth(0.3).strokeColor(RULE).stroke();
      this.doc.x = MARGIN;
      this.doc.y = y + height;
    };
    drawRow(columns.map((c) => c.header), true);
    for (const r of rows) drawRow(r, false);
    this.doc.moveDown(0.5);
    return this;
  }

  chart(svg: string, height = 220): this {
    this.ensureSpace(height + 10);
    const y = this.doc.y;
    SVGtoPDF(this.doc, svg, MARGIN, y, { width: this.width, height, assumePt: true, fontCallback: (_f, bold) => (bold ? 'Helvetica-Bold' : 'Helvetica') });
    this.doc.x = MARGIN;
    this.doc.y = y + height + 10;
    return this;
  }

  /** Page numbers and the footer on every page, then the whole file. */
  async finish(): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      // The footer sits in the bottom margin; without this pdfkit would start a new page for it.
      this.doc.page.margins.bottom = 0;
      const y = this.doc.page.height - MARGIN + 10;
      this.doc.font('Helvetica').fontSize(7.5).fillColor(MUTED);
      this.doc.text(this.footer, MARGIN, y, { width: this.width - 60, lineBreak: false, height: 10 });
      this.doc.text(`${i + 1} / ${range.count}`, MARGIN + this.width - 60, y, { width: 60, align: 'right', lineBreak: false, height: 10 });
    }
    this.doc.end();
    return this.done;
  }
}
