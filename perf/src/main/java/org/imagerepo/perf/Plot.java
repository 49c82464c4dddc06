package org.imagerepo.perf;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A line chart like the paper's figures: one line per series over categorical x values; Java2D, headless. */
public final class Plot {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 600;

    private static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0xbcbd22), new Color(0x17becf), new Color(0x7f7f7f)};
    private static final float[][] DASHES = {{9f, 6f}, {3f, 4f}, {12f, 4f, 3f, 4f}};

    /**
     * @param label    the legend's text
     * @param values   one per x category; {@code null} where there is none (the line breaks)
     * @param baseline drawn dashed, in greys
     */
    public record Series(String label, List<Double> values, boolean baseline) {
    }

    private Plot() {
    }

    public static void write(Path file, String title, String xTitle, String yTitle, List<String> categories,
                             List<Series> series) throws IOException {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            draw(g, title, xTitle, yTitle, categories, series);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
    }

    private static void draw(Graphics2D g, String title, String xTitle, String yTitle, List<String> categories,
                             List<Series> series) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        int left = 85;
        int right = 30;
        int top = 55;
        int bottom = 75;
        int pw = WIDTH - left - right;
        int ph = HEIGHT - top - bottom;

        double max = 0;
        for (Series s : series) {
            for (Double v : s.values()) {
                if (v != null && !v.isNaN() && !v.isInfinite()) {
                    max = Math.max(max, v);
                }
            }
        }
        double step = niceStep(max <= 0 ? 1 : max * 1.08 / 6);
        double yMax = Math.max(step, Math.ceil(max * 1.08 / step) * step);

        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font small = base.deriveFont(12f);
        Font bold = base.deriveFont(Font.BOLD, 16f);

        // title
        g.setColor(Color.BLACK);
        g.setFont(bold);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, (WIDTH - fm.stringWidth(title)) / 2, 32);

        // grid and y ticks
        g.setFont(small);
        fm = g.getFontMetrics();
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        for (int i = 0; ; i++) {
            double v = i * step;
            if (v > yMax + step / 1000) {
                break;
            }
            int y = top + ph - (int) Math.round(v / yMax * ph);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(left + 1, y, left + pw, y);
            g.setColor(Color.BLACK);
            g.drawLine(left - 5, y, left, y);
            String label = String.format(Locale.ROOT, "%." + decimals + "f", v);
            g.drawString(label, left - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
        }

        // x ticks
        int n = Math.max(1, categories.size());
        double slot = (double) pw / n;
        for (int i = 0; i < categories.size(); i++) {
            int x = (int) Math.round(left + slot * (i + 0.5));
            g.setColor(Color.BLACK);
            g.drawLine(x, top + ph, x, top + ph + 5);
            String label = categories.get(i);
            g.drawString(label, x - fm.stringWidth(label) / 2, top + ph + 8 + fm.getAscent());
        }

        // axes
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawLine(left, top, left, top + ph);
        g.drawLine(left, top + ph, left + pw, top + ph);

        // axis titles
        g.setFont(base);
        fm = g.getFontMetrics();
        g.drawString(xTitle, left + (pw - fm.stringWidth(xTitle)) / 2, HEIGHT - 22);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yTitle, -(top + (ph + fm.stringWidth(yTitle)) / 2), 24);
        g.setTransform(saved);

        // lines
        int colour = 0;
        int dash = 0;
        Color[] colours = new Color[series.size()];
        Stroke[] strokes = new Stroke[series.size()];
        for (int s = 0; s < series.size(); s++) {
            Series se = series.get(s);
            if (se.baseline()) {
                int k = dash++;
                colours[s] = k % 2 == 0 ? new Color(0x333333) : new Color(0x777777);
                strokes[s] = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                        DASHES[k % DASHES.length], 0f);
            } else {
                colours[s] = PALETTE[colour++ % PALETTE.length];
                strokes[s] = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            }
            g.setColor(colours[s]);
            Double px = null;
            Double py = null;
            for (int i = 0; i < se.values().size() && i < categories.size(); i++) {
                Double v = se.values().get(i);
                if (v == null || v.isNaN() || v.isInfinite()) {
                    px = null;
                    py = null;
                    continue;
                }
                double x = left + slot * (i + 0.5);
                double y = top + ph - v / yMax * ph;
                if (px != null) {
                    g.setStroke(strokes[s]);
                    g.draw(new Line2D.Double(px, py, x, y));
                }
                g.setStroke(new BasicStroke(1f));
                double r = se.baseline() ? 3 : 4;
                g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
                px = x;
                py = y;
            }
        }

        // legend, top left inside the plot (times grow to the right)
        g.setFont(small);
        fm = g.getFontMetrics();
        if (series.isEmpty()) {
            String none = "no data";
            g.setColor(Color.GRAY);
            g.drawString(none, left + (pw - fm.stringWidth(none)) / 2, top + ph / 2);
            return;
        }
        int lineH = fm.getHeight() + 3;
        int textW = 0;
        for (Series s : series) {
            textW = Math.max(textW, fm.stringWidth(s.label()));
        }
        int lx = left + 14;
        int ly = top + 10;
        int lw = 44 + textW + 12;
        int lh = series.size() * lineH + 10;
        g.setColor(new Color(255, 255, 255, 235));
        g.fillRect(lx, ly, lw, lh);
        g.setColor(new Color(0xaaaaaa));
        g.setStroke(new BasicStroke(1f));
        g.drawRect(lx, ly, lw, lh);
        for (int s = 0; s < series.size(); s++) {
            int y = ly + 5 + s * lineH + lineH / 2;
            g.setColor(colours[s]);
            g.setStroke(strokes[s]);
            g.drawLine(lx + 8, y, lx + 36, y);
            g.setColor(Color.BLACK);
            g.drawString(series.get(s).label(), lx + 44, y + fm.getAscent() / 2 - 2);
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * p;
    }
}
