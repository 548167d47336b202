package org.lstmlens.render;

import java.util.Locale;

/**
 * Picking a column (a unit) and a row (a timestep) of a matrix, to read its values: self-contained HTML with a small
 * script, no notebook extension and no widget protocol. Where the script runs (a cell run in JupyterLab or Notebook
 * 7 during the session, a trusted notebook, an nbconvert HTML page opened in a browser), it adds two sliders and shows
 * the picked unit's values over the timesteps and the picked timestep's values across the units. Where it does not
 * (an untrusted notebook reopened, GitHub, a PDF), the same markup shows unit 0 and timestep 0: the static picture.
 * The output is the same for the same values (no random ids), so notebooks re-run to identical outputs.
 *
 * <p>The values are written as the views print them ({@link Num#format}), at most {@value #MAX_CELLS} of them (the
 * first timesteps beyond that). A builder; not shared.
 */
public final class Picker {
    static final int MAX_CELLS = 20_000;
    private static final String ITEM = "<span style=\"display:inline-block;white-space:nowrap;margin:0 10px 2px 0\">";

    private final double[][] values;
    private String rowName = "timestep";
    private String colName = "unit";
    private String rowShort = "t";
    private String symbol = "v";

    private Picker(double[][] values) {
        this.values = values;
    }

    /** Picking in {@code values[row][col]}, e.g. {@code h[timestep][unit]} (not copied; not modified). */
    public static Picker of(double[][] values) {
        return new Picker(values);
    }

    /** What rows are ({@code timestep}) and how a value's row is written ({@code t}: {@code t=3}). */
    public Picker rows(String name, String shortName) {
        this.rowName = name;
        this.rowShort = shortName;
        return this;
    }

    /** What columns are, e.g. {@code unit}. */
    public Picker cols(String name) {
        this.colName = name;
        return this;
    }

    /** The symbol of the values, e.g. {@code h} or {@code f}. */
    public Picker value(String name) {
        this.symbol = name;
        return this;
    }

    /** The HTML: the static picture (column 0, row 0) and the script that makes it pickable. */
    public String html() {
        int cols = values.length == 0 ? 0 : values[0].length;
        int rows = cols == 0 ? 0 : Math.min(values.length, Math.max(1, MAX_CELLS / cols));
        if (rows == 0) {
            return "";
        }
        StringBuilder data = new StringBuilder("[");
        for (int r = 0; r < rows; r++) {
            data.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < cols; c++) {
                data.append(c == 0 ? "\"" : ",\"").append(Num.format(values[r][c])).append('"');
            }
            data.append(']');
        }
        data.append(']');
        String cut = rows < values.length ? " (the first " + rows + " of " + values.length + " " + rowName + "s)" : "";
        return "<div class=\"lstmlens-pick\" style=\"margin:6px 0;font-size:12px\">"
                + "<div class=\"lstmlens-pick-col\"><b>" + Html.escape(symbol) + " of " + Html.escape(colName)
                + " <span class=\"lstmlens-pick-col-index\">0</span></b> over the " + Html.escape(rowName) + "s"
                + Html.escape(cut) + ": <span class=\"lstmlens-pick-col-values\">" + column(0, rows) + "</span></div>"
                + "<div class=\"lstmlens-pick-row\"><b>" + Html.escape(symbol) + " at " + Html.escape(rowName)
                + " <span class=\"lstmlens-pick-row-index\">0</span></b> across the " + Html.escape(colName) + "s: "
                + "<span class=\"lstmlens-pick-row-values\">" + row(0, cols) + "</span></div>"
                + "<div class=\"lstmlens-pick-note\" style=\"color:#666666;font-size:11px\">" + Html.escape(colName)
                + " 0 and " + Html.escape(rowName) + " 0 shown; run the cell in JupyterLab or Notebook 7 to pick "
                + "others</div>"
                // CDATA: the script's < and & stay well-formed XML; in HTML the markers are JavaScript comments
                + "<script>//<![CDATA[\n" + script(data.toString()) + "\n//]]></script></div>";
    }

    private String column(int c, int rows) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            sb.append(ITEM).append(Html.escape(rowShort)).append('=').append(r).append(": <b>")
                    .append(Num.format(values[r][c])).append("</b></span>");
        }
        return sb.toString();
    }

    private String row(int r, int cols) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cols; c++) {
            sb.append(ITEM).append(c).append(": <b>").append(Num.format(values[r][c])).append("</b></span>");
        }
        return sb.toString();
    }

    /**
     * Finds its own box (the script's parent; the last box not yet made live where the front end ran the script
     * elsewhere), adds a slider for the column and one for the row, and redraws the values on input.
     */
    private String script(String data) {
        return String.format(Locale.ROOT, "(function(){"
                + "var s=document.currentScript,box=s&&s.parentNode;"
                + "if(!box||!box.classList||!box.classList.contains('lstmlens-pick')){"
                + "var all=document.querySelectorAll('div.lstmlens-pick:not([data-live])');box=all[all.length-1];}"
                + "if(!box||box.getAttribute('data-live'))return;box.setAttribute('data-live','1');"
                + "var d=%s,T=%s,C=%s,R=%s;"
                + "function item(k,v){return '<span style=\"display:inline-block;white-space:nowrap;margin:0 10px 2px 0\">'"
                + "+k+': <b>'+v+'</b></span>';}"
                + "function col(c){var h='';for(var r=0;r<d.length;r++)h+=item(T+'='+r,d[r][c]);return h;}"
                + "function row(r){var h='';for(var c=0;c<d[r].length;c++)h+=item(c,d[r][c]);return h;}"
                + "function q(n){return box.querySelector('.lstmlens-pick-'+n);}"
                + "function slider(name,max,draw,before){var l=document.createElement('label');"
                + "l.style.cssText='margin-right:16px;white-space:nowrap';l.textContent=name+' ';"
                + "var i=document.createElement('input');i.type='range';i.min=0;i.max=max;i.value=0;i.step=1;"
                + "i.className='lstmlens-pick-'+name.replace(/[^a-z]/g,'')+'-slider';i.style.verticalAlign='middle';"
                + "i.addEventListener('input',function(){draw(+i.value);});l.appendChild(i);"
                + "box.insertBefore(l,before);return i;}"
                + "var first=box.firstChild;"
                + "slider(C,d[0].length-1,function(c){q('col-index').textContent=c;q('col-values').innerHTML=col(c);},first);"
                + "slider(R,d.length-1,function(r){q('row-index').textContent=r;q('row-values').innerHTML=row(r);},first);"
                + "q('note').textContent='pick a '+C+' and a '+R+' with the sliders';"
                + "})();", data, jsString(rowShort), jsString(colName), jsString(rowName));
    }

    /** A JavaScript string literal that is also safe inside a script element and in XML. */
    private static String jsString(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (char ch : s.toCharArray()) {
            if (Character.isLetterOrDigit(ch) || ch == ' ' || ch == '_' || ch == '-' || ch == '.') {
                sb.append(ch);
            } else {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            }
        }
        return sb.append('\'').toString();
    }
}
