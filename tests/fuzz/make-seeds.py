#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the small hand-made .pdf and .docx seeds of tests/fuzz/corpus.

Letters exported by Dafu embed CJK fonts (100 KB and more), too large for
libFuzzer to mutate well; these seeds are a few KB and cover what the
readers look at: text lines and paragraphs, a table row, page numbers,
headers and footers, deleted text, fields, several pages, compressed and
uncompressed streams, a page without text. Run from anywhere:

    tests/fuzz/make-seeds.py
"""
import os
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


# ----------------------------------------------------------------- PDF --

def pdf(objects, path):
    """objects: list of bytes (object bodies), object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


def stream(data, compress=False):
    if compress:
        data = zlib.compress(data)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def text_ops(lines, font=b"/F1", size=12, hexstr=False):
    ops = bytearray()
    for x, y, s in lines:
        if hexstr:
            arg = b"<" + s.hex().encode() + b">"
        else:
            arg = b"(" + s.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
        ops += b"BT %s %d Tf %d %d Td %s Tj ET\n" % (font, size, x, y, arg)
    return bytes(ops)


def pages_pdf(page_contents, fonts, path, compress=False, extra=()):
    # 1 catalog, 2 pages, then fonts, then per page: page + content
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None]
    font_refs = b""
    for name, body in fonts:
        objects.append(body)
        font_refs += b"/%s %d 0 R " % (name, len(objects))
    objects.extend(extra)
    kids = []
    for content in page_contents:
        objects.append(None)
        page_no = len(objects)
        objects.append(stream(content, compress))
        objects[page_no - 1] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << " + font_refs + b">> >> /Contents %d 0 R >>" % (page_no + 1))
        kids.append(b"%d 0 R" % page_no)
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(kids)
    pdf(objects, path)


HELVETICA = (b"F1", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")

ASCII_PAGE = text_ops([
    (250, 780, b"Reply letter"),
    (72, 740, b"Dear deputy Zhang:"),
    (96, 720, b"Your suggestion on services for the elderly has been received, and the"),
    (72, 704, b"bureau replies to it as follows. The first line reaches the right edge of"),
    (72, 688, b"the text and the next one goes on at the left edge."),
    (72, 660, b"Contact"),
    (300, 660, b"Li Ming"),
    (450, 660, b"0910-1234567"),
    (400, 600, b"Civil Affairs Bureau"),
    (400, 584, b"2024-05-08"),
    (280, 60, b"- 1 -"),
])


def cjk_font_and_text(chars):
    """A Type0 font with Identity-H and a ToUnicode map, not embedded:
    text extraction needs only the map. CIDs 1..n are @chars."""
    cmap = bytearray(
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
    cmap += b"%d beginbfchar\n" % len(chars)
    for i, c in enumerate(chars, 1):
        cmap += b"<%04X> <%04X>\n" % (i, ord(c))
    cmap += b"endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    return bytes(cmap)


def cjk_pdf(path):
    lines = ["关于加强居家养老服务的建议", "张代表：", "您提出的关于加强居家养老服务的建议收悉，现答复如下。",
             "一、基本情况", "我市共有养老机构十二家，床位一千二百张。", "— 2 —", "民政局", "2024年5月8日"]
    chars = sorted(set("".join(lines)))
    index = {c: i + 1 for i, c in enumerate(chars)}
    cmap = cjk_font_and_text(chars)
    # objects: 3 font (Type0), 4 descendant, 5 ToUnicode
    type0 = (b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
             b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>")
    desc = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /STSong-Light "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b"/DW 1000 /FontDescriptor 6 0 R >>")
    descriptor = (b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 "
                  b"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 "
                  b"/CapHeight 700 /StemV 80 >>")
    placed = [(200, 780, lines[0]), (72, 740, lines[1]), (96, 716, lines[2]),
              (72, 692, lines[3]), (96, 668, lines[4]), (280, 60, lines[5]),
              (400, 600, lines[6]), (400, 580, lines[7])]
    ops = text_ops([(x, y, b"".join(b"%c%c" % (index[c] >> 8, index[c] & 0xff) for c in s))
                    for x, y, s in placed], size=12, hexstr=True)
    pages_pdf([ops], [(b"F1", type0)], path,
              extra=(desc, stream(cmap), descriptor))


def write_pdfs(d):
    os.makedirs(d, exist_ok=True)
    pages_pdf([ASCII_PAGE], [HELVETICA], os.path.join(d, "ascii-letter.pdf"))
    pages_pdf([ASCII_PAGE, ASCII_PAGE.replace(b"- 1 -", b"- 2 -")], [HELVETICA],
              os.path.join(d, "two-pages-flate.pdf"), compress=True)
    # A page with a drawing and no text, as a scanned letter has.
    pages_pdf([b"0.5 g 72 72 451 698 re f\n"], [HELVETICA], os.path.join(d, "no-text.pdf"))
    cjk_pdf(os.path.join(d, "cjk-tounicode.pdf"))


# ---------------------------------------------------------------- DOCX --

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""


def p(*runs):
    return "<w:p>" + "".join(runs) + "</w:p>"


def r(text):
    return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % text


DOCUMENT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:document %s %s><w:body>' % (W, MC)
            + p(r("关于加强居家养老服务的建议"))
            + p(r("张代表："))
            + p(r("您提出的建议收悉。"), "<w:del><w:r><w:delText>删去的字</w:delText></w:r></w:del>",
                r("现答复如下。"))
            + p(r("一、基本情况"), "<w:r><w:tab/></w:r>", r("（略）"), "<w:r><w:br/></w:r>", r("第二行"))
            + p('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText> DATE </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                r("2024年5月8日"), '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
            + '<w:tbl><w:tr><w:tc>' + p(r("联系人")) + '</w:tc><w:tc>' + p(r("李明")) + '</w:tc>'
            + '<w:tc>' + p(r("0910-1234567")) + '</w:tc></w:tr></w:tbl>'
            + p('<mc:AlternateContent><mc:Choice Requires="wps">' + r("文本框") + '</mc:Choice>'
                '<mc:Fallback>' + r("文本框") + '</mc:Fallback></mc:AlternateContent>')
            + p(r("民政局"))
            + '</w:body></w:document>')

HEADER = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr %s>' % W
          + p(r("咸阳市民政局")) + '</w:hdr>')
FOOTER = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr %s>' % W
          + p(r("— 1 —")) + p(r("联系电话：0910-1234567")) + '</w:ftr>')


def write_docx(path, compression):
    with zipfile.ZipFile(path, "w", compression) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", DOCUMENT)
        z.writestr("word/header1.xml", HEADER)
        z.writestr("word/footer1.xml", FOOTER)


def write_docxs(d):
    os.makedirs(d, exist_ok=True)
    # Stored, so that mutations reach the XML; and deflated, as Word writes.
    write_docx(os.path.join(d, "letter-stored.docx"), zipfile.ZIP_STORED)
    write_docx(os.path.join(d, "letter-deflated.docx"), zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    write_pdfs(os.path.join(HERE, "corpus", "pdf"))
    write_docxs(os.path.join(HERE, "corpus", "docx"))
