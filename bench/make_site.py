"""A large, realistic Optika.id-style site in mirror layout, for benchmarks.

    python bench/make_site.py --pages 5000 [--root DIR]     # DIR/optika.id/...

Article pages are rendered by ``samples/make_optika_site.render_article`` (the layout the
``optika`` spider's selectors are written for) and then dressed like a real Indonesian outlet
page: inline critical CSS, ad slots and GPT/gtag/pixel scripts, a mega menu, a trending bar,
"Baca juga" inserts and ads between paragraphs, related and popular lists, an inline state JSON
and a lazily loaded bundle, 60-100 KB per page. Bodies are generated from a vocabulary of
Indonesian election-news phrases (fictional people, parties and places), so no two articles share
a body or a content hash.

Discovery: robots.txt, a Yoast-style sitemap index with ``post-sitemapK.xml`` children (1000 URLs
each by default, with ``lastmod``), an RSS feed of the 10 newest posts, and the Politik category
listing (10 posts per page).

Everything is deterministic (article ``i`` is always the same page) and generated in parallel.
A stamp file (``BENCH_SITE.json``) lets a later run reuse the site when the page count, seed and
generator version match. :func:`add_articles` publishes new articles (pages, sitemap entries,
feed, listing) for incremental runs and :func:`reset_site` takes them back out.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.sax.saxutils import escape as xml_escape

#: Bump when the generated pages change: a stamped site of another version is regenerated.
VERSION = 3
HOST = "optika.id"
SITE = f"https://{HOST}"
STAMP = "BENCH_SITE.json"
DEFAULT_SEED = 20240214
PER_SITEMAP = 1000  # Yoast's default
FEED_ITEMS = 10
LISTING_PER_PAGE = 10
LISTING_PAGES = 10  # written; the spider reads at most 5
MIN_PAGE_BYTES = 60_000
MAX_PAGE_BYTES = 100_000
WIB = timezone(timedelta(hours=7), "WIB")
EPOCH = datetime(2022, 6, 1, 6, 0, tzinfo=WIB)
REPO = Path(__file__).resolve().parent.parent


def default_root() -> Path:
    """Where generated sites and run outputs live: outside the repository by default."""
    env = os.environ.get("IKPCRAWL_BENCH_DIR")
    return Path(env) if env else Path(tempfile.gettempdir()) / "ikpcrawl-bench"


@cache
def optika_layout() -> ModuleType:
    """``samples/make_optika_site.py``, loaded by path (``samples`` is not a package)."""
    path = REPO / "samples" / "make_optika_site.py"
    spec = importlib.util.spec_from_file_location("make_optika_site", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_optika_site", module)
    spec.loader.exec_module(module)
    return module


# --- vocabulary (all names, parties and quotes are fictional) ----------------------------

FIRST = (
    "Ahmad", "Siti", "Budi", "Dewi", "Rizky", "Nurul", "Agus", "Fitri", "Hendra", "Yulia",
    "Eko", "Rina", "Bambang", "Wulan", "Fajar", "Intan", "Dimas", "Ayu", "Yohanes", "Maria",
    "Made", "Komang", "Ikhsan", "Laila", "Teguh", "Sri", "Arif", "Nanda", "Petrus", "Halimah",
)  # fmt: skip
LAST = (
    "Santoso", "Rahmawati", "Hidayat", "Kusuma", "Pratama", "Lestari", "Nugroho", "Wijaya",
    "Saputra", "Harahap", "Siregar", "Lubis", "Manurung", "Wibowo", "Susanti", "Gunawan",
    "Setiawan", "Mahendra", "Pattiasina", "Tanjung", "Rumbiak", "Daeng Mattola", "Sembiring",
    "Halawa", "Wonda", "Ritonga", "Suryadi", "Kartika", "Hasibuan", "Limbong",
)  # fmt: skip
PROVINCES = (
    "Jawa Timur", "Jawa Tengah", "Sulawesi Selatan", "Sumatera Utara", "Nusa Tenggara Timur",
    "Papua Tengah", "Kalimantan Barat", "Maluku Utara", "Bali", "Aceh", "Riau", "Banten",
    "Lampung", "Gorontalo", "Sulawesi Tengah", "Kalimantan Timur", "Jambi", "Bengkulu",
)  # fmt: skip
REGENCIES = (
    "Surabaya", "Makassar", "Medan", "Kupang", "Pontianak", "Ternate", "Denpasar", "Banda Aceh",
    "Pekanbaru", "Serang", "Bandar Lampung", "Palu", "Samarinda", "Sidoarjo", "Gresik",
    "Malang", "Jember", "Kediri", "Madiun", "Bojonegoro", "Tuban", "Lamongan", "Pasuruan",
    "Probolinggo", "Banyuwangi", "Sumenep", "Pamekasan", "Bone", "Gowa", "Maros", "Sikka",
    "Ende", "Nabire", "Mimika", "Sambas", "Ketapang", "Halmahera Barat", "Buleleng", "Pidie",
    "Kampar", "Pandeglang", "Lampung Selatan", "Boalemo", "Poso", "Kutai Kartanegara",
)  # fmt: skip
DISTRICTS = (
    "Sukamaju", "Karangrejo", "Tanjung Harapan", "Sumberagung", "Batu Putih", "Wonosari",
    "Mekarsari", "Padang Lestari", "Sidomulyo", "Kampung Baru", "Pasir Panjang", "Air Hitam",
)  # fmt: skip
PARTIES = (
    "Partai Nusantara Maju", "Partai Rakyat Bersatu", "Partai Karya Bangsa", "Partai Suara Desa",
    "Partai Harapan Baru", "Partai Demokrasi Kepulauan", "Partai Buruh Tani", "Partai Cahaya Umat",
)  # fmt: skip
UNIVERSITIES = (
    "Airlangga Timur", "Nusa Cendana Raya", "Tanjungpura Baru", "Khatulistiwa",
    "Samudra Pasai", "Teluk Tomini", "Cenderawasih Utara", "Brawijaya Selatan",
)  # fmt: skip
NGOS = (
    "Jaringan Pemantau Pemilu Rakyat", "Koalisi Pemilu Bersih", "Forum Warga Peduli Demokrasi",
    "Lembaga Kajian Demokrasi Lokal", "Perkumpulan Pemilih Cerdas",
)  # fmt: skip
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

OPENERS = (
    "Sementara itu,", "Di sisi lain,", "Selain itu,", "Menurut catatan redaksi,",
    "Dalam keterangan tertulisnya,", "Sejak awal pekan,", "Berdasarkan hasil pemantauan,",
    "Pada kesempatan yang sama,", "Tidak hanya itu,", "Oleh karena itu,", "Meski demikian,",
    "Sebelumnya,", "Secara terpisah,", "Dalam rapat koordinasi itu,", "Lebih lanjut,",
    "Menanggapi hal tersebut,", "Di tingkat kecamatan,", "Untuk diketahui,",
    "Pantauan Optika.id di lapangan menunjukkan,", "Kepada wartawan,", "Saat dikonfirmasi,",
    "Dalam sepekan terakhir,", "Menurut data yang dihimpun,", "Namun,", "Adapun",
    "Pada tahapan sebelumnya,", "Senada dengan itu,",
)  # fmt: skip
ELECTION_SUBJECTS = (
    "KPU {kab}", "Bawaslu Provinsi {prov}", "Ketua Bawaslu {kab}, {person},",
    "Komisioner KPU {prov} {person}", "tim pemenangan pasangan calon nomor urut {n1}",
    "{party}", "Sekretaris Jenderal {party} {person}", "pengamat politik Universitas {univ} {person}",
    "Koordinator {ngo} {person}", "sejumlah warga {kab}", "ratusan petugas KPPS di {kab}",
    "Panitia Pengawas Kecamatan {kec}", "Kepolisian Resor {kab}", "Pemerintah Kabupaten {kab}",
    "DKPP", "Komisi II DPR", "para calon anggota legislatif dari daerah pemilihan {prov} {n1}",
    "relawan pemantau di {kab}", "Penjabat Bupati {kab} {person}", "Sentra Gakkumdu {kab}",
    "Panitia Pemilihan Kecamatan {kec}", "Ketua KPU {kab} {person}",
    "Ketua DPRD {kab} {person}", "anggota Komisi A DPRD {prov}", "Kodim {kab}",
    "Dinas Kependudukan dan Pencatatan Sipil {kab}", "petugas Pantarlih Desa {kec}",
    "Majelis Ulama Indonesia {kab}", "tokoh adat {kab} {person}", "calon wali kota {kab} {person}",
    "organisasi kepemudaan di {prov}", "saksi dari {party}", "kuasa hukum {party} {person}",
    "Kejaksaan Negeri {kab}", "Lembaga Survei {ngo}", "forum rektor {prov}",
    "perwakilan penyandang disabilitas {kab}", "pemilih di perantauan asal {kab}",
)  # fmt: skip
ELECTION_VERBS = (
    "menemukan", "mencatat", "menyoroti", "meminta penjelasan soal", "mengingatkan pentingnya",
    "memastikan", "mengevaluasi", "menindaklanjuti", "membahas", "menerima", "mengusulkan perbaikan",
    "mempertanyakan", "mendorong percepatan", "memetakan", "mengawasi ketat", "mendata ulang",
    "menertibkan", "menyerahkan", "meninjau langsung", "mengklarifikasi", "memverifikasi",
    "menolak", "menyetujui", "mengadukan", "mencermati", "memprotes", "menuntaskan",
    "merampungkan", "mengecek ulang", "menelusuri", "menggugat", "menyosialisasikan",
    "memperpanjang tenggat", "menjadwalkan ulang", "mengumumkan", "mencoret",
)  # fmt: skip
ELECTION_OBJECTS = (
    "{n} laporan dugaan {violation}", "distribusi {logistic} ke {n} kecamatan",
    "data {n} pemilih yang belum terdaftar", "rekapitulasi suara tingkat kecamatan",
    "{n} alat peraga kampanye yang melanggar aturan", "pemungutan suara ulang di {n2} TPS",
    "hasil verifikasi faktual {party}", "kesiapan {n} tempat pemungutan suara",
    "potensi kerawanan di wilayah {terrain}", "laporan dana kampanye peserta pemilu",
    "netralitas aparatur sipil negara", "sosialisasi kepada {n} pemilih pemula",
    "pengadaan {logistic} tambahan", "akses pemilih disabilitas di {n2} TPS",
    "penyebaran hoaks di grup percakapan warga", "penempatan {n} personel pengamanan",
    "daftar calon tetap anggota DPRD {kab}", "sengketa proses pemilu", "{n} pemilih ganda",
    "jadwal kampanye rapat umum", "pelatihan {n} anggota KPPS", "pengaduan masyarakat soal {violation}",
    "pembukaan kotak suara yang disegel ulang", "perbedaan angka pada formulir C.Hasil di {kec}",
    "surat undangan memilih yang belum dibagikan", "{n} warga binaan lembaga pemasyarakatan",
    "rencana pengiriman logistik lewat jalur laut", "pemetaan {n2} TPS di lokasi banjir",
    "keberatan saksi pada pleno kabupaten", "pemberhentian {n2} anggota PPS", "alokasi kursi DPRD {kab}",
    "syarat dukungan calon perseorangan", "akun media sosial yang menyebarkan fitnah",
    "temuan {n} surat suara rusak", "tingkat partisipasi pemilih yang turun {n2} persen",
    "penghitungan suara yang berlangsung hingga dini hari", "honor petugas ad hoc",
    "pemindahan {n2} TPS dari rumah warga ke balai desa", "keamanan gudang logistik",
    "sengketa perolehan kursi di dapil {n1}", "pengawasan masa tenang", "penundaan pleno PPK {kec}",
)  # fmt: skip
VIOLATIONS = (
    "politik uang", "kampanye di luar jadwal", "keterlibatan kepala desa",
    "pemasangan alat peraga di fasilitas umum", "intimidasi terhadap pemilih",
    "penggelembungan suara", "penggunaan fasilitas negara", "kampanye hitam",
    "pembagian sembako oleh tim sukses", "mobilisasi aparat desa",
)  # fmt: skip
LOGISTICS = ("kotak suara", "surat suara", "bilik suara", "tinta", "formulir C.Hasil", "segel")
TERRAINS = ("kepulauan", "pegunungan", "perbatasan", "pesisir", "perkotaan padat", "pedalaman")
PLACES = (
    "di {kab}", "di wilayah {prov}", "di {n2} desa", "di Kecamatan {kec}",
    "di sejumlah daerah rawan", "di {kab} dan sekitarnya", "di pulau-pulau terluar {prov}",
    "di balai Desa {kec}", "di kantor kecamatan {kec}", "di aula hotel di pusat kota {kab}",
    "di gudang logistik {kab}", "di pelabuhan {kab}", "di perbatasan {prov}",
)  # fmt: skip
TIMES = (
    "pada {day} ({date})", "sejak awal masa kampanye", "menjelang hari pemungutan suara",
    "selama tahapan rekapitulasi", "dalam dua pekan terakhir", "sebelum masa tenang",
    "hingga akhir bulan ini", "pekan depan", "sepanjang {month}", "dalam tiga hari ke depan",
    "pada Senin pagi", "sejak pukul 08.00 WIT", "usai salat Jumat", "Kamis malam",
    "setelah rapat pleno", "awal {month} lalu", "sebelum batas waktu berakhir",
)  # fmt: skip
ECON_TIMES = (
    "pada {day} ({date})", "dalam dua pekan terakhir", "hingga akhir bulan ini", "pekan depan",
    "sepanjang {month}", "dalam tiga hari ke depan", "sejak awal tahun",
    "pada musim tanam ini", "menjelang akhir tahun", "sejak harga pupuk naik", "pada triwulan kedua",
)  # fmt: skip
ELECTION_PURPOSES = (
    "agar tahapan pemilu berjalan jujur dan adil",
    "supaya tidak ada warga yang kehilangan hak pilih",
    "untuk mencegah konflik di tingkat akar rumput",
    "demi menjaga kepercayaan publik terhadap hasil pemilu",
    "sehingga penghitungan suara dapat selesai tepat waktu",
    "karena wilayah itu masuk kategori rawan tinggi dalam indeks kerawanan pemilu",
    "setelah menerima aduan dari {n2} kelompok masyarakat",
    "sesuai rekomendasi rapat pleno terbuka",
    "meski anggaran terbatas", "walaupun cuaca buruk menghambat pengiriman",
    "sebagaimana diatur dalam peraturan KPU", "menyusul viralnya video di media sosial",
    "agar tidak menimbulkan multitafsir di lapangan", "mengingat jumlah petugas yang terbatas",
    "atas permintaan saksi partai", "untuk memberi kepastian hukum bagi peserta",
)  # fmt: skip
QUOTE_A = (
    "Kami tidak ingin ada satu pun warga yang kehilangan hak pilihnya.",
    "Pengawasan kami lakukan sejak hari pertama tahapan dimulai.",
    "Semua laporan akan kami tindak lanjuti sesuai prosedur.",
    "Kami minta peserta pemilu menahan diri.",
    "Data ini masih bisa berubah setelah pencocokan di lapangan.",
    "Petugas di lapangan sudah kami bekali dengan prosedur baru.",
    "Kalau ada bukti, silakan laporkan ke posko pengaduan.",
    "Situasi sejauh ini kondusif, tetapi kami tetap waspada.",
    "Kami sudah menyurati semua partai agar menertibkan atributnya.",
    "Pleno kami skors sampai semua saksi hadir.", "Logistik harus tiba paling lambat H-3.",
    "Jangan sampai ada pemilih yang dimobilisasi.", "Angka partisipasi harus naik dibanding lima tahun lalu.",
    "Kotak suara kami simpan di gudang dengan penjagaan polisi.",
)  # fmt: skip
QUOTE_B = (
    "Itu komitmen kami bersama.", "Prinsipnya transparan.", "Tidak ada toleransi.",
    "Kami terbuka terhadap kritik.", "Warga juga bisa ikut mengawasi.",
    "Semoga tidak terulang di tahapan berikutnya.", "Koordinasi terus berjalan.", "",
)  # fmt: skip
SAYS = ("ujar", "kata", "tutur", "jelas", "tegas", "ungkap")
ECON_SUBJECTS = (
    "Dinas Perdagangan {kab}", "Bank Indonesia Perwakilan {prov}", "pedagang Pasar {kec}",
    "Badan Pusat Statistik {prov}", "pelaku usaha mikro di {kab}", "Bupati {kab} {person}",
    "nelayan di pesisir {kab}", "Kepala Dinas Pertanian {prov} {person}",
    "Kepala Bulog Cabang {kab} {person}", "petani cabai di {kec}", "pengusaha angkutan di {kab}",
    "Otoritas Jasa Keuangan {prov}", "Kamar Dagang dan Industri {kab}", "peternak ayam di {kec}",
    "ibu rumah tangga di {kab}", "Dinas Koperasi {prov}", "pengecer pupuk di {kec}",
    "ekonom Universitas {univ} {person}", "pengelola pasar induk {kab}",
)  # fmt: skip
ECON_VERBS = ("mencatat", "memantau", "mengeluhkan", "memperkirakan", "menyiapkan", "menyalurkan")
ECON_OBJECTS = (
    "kenaikan harga beras sebesar {n2} persen", "inflasi bulanan di kisaran {pct} persen",
    "penyaluran kredit usaha rakyat senilai Rp{n} miliar", "stok bahan pokok untuk {n2} pekan",
    "ekspor komoditas perikanan ke {n2} negara", "harga cabai rawit yang naik tajam",
    "bantuan pupuk untuk {n} kelompok tani", "perbaikan {n2} kilometer jalan desa",
    "menurunkan", "menaikkan", "mengantisipasi", "mengkaji", "menghitung ulang",
    "mengajukan", "mempersoalkan", "mengalihkan", "menambah", "mengurangi",
    "harga telur ayam yang turun {n2} persen", "biaya angkut ke {n2} pulau",
    "pasokan gula pasir dari luar daerah", "tarif retribusi pasar", "operasi pasar murah di {n2} titik",
    "realisasi dana desa tahap kedua", "pinjaman modal untuk {n} pedagang kecil",
    "produksi gabah kering panen", "harga bawang merah di tingkat petani", "antrean solar di SPBU",
    "penjualan kerajinan tenun ke luar negeri", "upah minimum kabupaten tahun depan",
)  # fmt: skip
ECON_PURPOSES = (
    "agar harga tetap terjangkau", "untuk menjaga daya beli masyarakat",
    "karena musim panen mundur", "setelah cuaca buruk melanda {kab}",
    "demi kelancaran pasokan menjelang hari besar",
    "menyusul kenaikan harga pakan", "akibat gelombang tinggi", "seiring naiknya permintaan",
    "karena pasokan dari Jawa terlambat", "agar petani tidak merugi", "supaya usaha kecil tetap bertahan",
)  # fmt: skip
TITLE_SUBJECTS = ("Bawaslu {kab}", "KPU {kab}", "KPU {prov}", "Bawaslu {prov}", "DKPP", "{party}")
TITLE_VERBS = (
    "Temukan", "Catat", "Soroti", "Minta Evaluasi", "Ingatkan", "Pastikan", "Percepat",
    "Awasi", "Tunda", "Verifikasi", "Petakan", "Tertibkan", "Selidiki", "Usulkan",
)  # fmt: skip
TITLE_OBJECTS = (
    "{n} Dugaan Politik Uang", "Distribusi Logistik ke {n2} Kecamatan", "{n} Pemilih Ganda",
    "Rekapitulasi Suara di {kec}", "{n} Alat Peraga Kampanye Liar", "PSU di {n2} TPS",
    "Kesiapan {n} TPS", "Kerawanan Wilayah {terrain_t}", "Netralitas ASN di {kec}",
    "Dana Kampanye {party}", "Hoaks Pemilu di {kec}", "Pelatihan {n} Anggota KPPS",
)  # fmt: skip
ECON_TITLES = (
    "Harga Beras di {kab} Naik {n2} Persen", "Inflasi {prov} Tercatat {pct} Persen",
    "Pedagang Pasar {kec} Keluhkan Sepinya Pembeli", "{n} Kelompok Tani {kab} Terima Bantuan Pupuk",
)  # fmt: skip
TAGS = (
    "Pemilu 2024", "Pilkada 2024", "Bawaslu", "KPU", "Politik Uang", "DPT", "Kampanye",
    "Logistik Pemilu", "Netralitas ASN", "Pemilih Pemula", "Rekapitulasi", "PSU", "Hoaks",
    "Partai Politik", "Indeks Kerawanan Pemilu", "Demokrasi", "DKPP", "Gakkumdu",
)  # fmt: skip
MONTHS_LONG = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
SECTIONS = (("Politik", 40), ("Pemilu", 30), ("Nasional", 10), ("Hukum", 8), ("Ekonomi", 12))


class Words:
    """Fills ``{slot}`` templates from a seeded random generator."""

    def __init__(self, rng: random.Random, moment: datetime):
        self.rng = rng
        self.moment = moment
        self.kab = rng.choice(REGENCIES)
        self.prov = rng.choice(PROVINCES)
        self.cast: list[str] = []  # the people a story quotes; random names when empty
        # Per-story subsets of the slot lists (a story is about one or two parties, ...).
        self.narrow: dict[str, Sequence[str]] = {}

    def person(self) -> str:
        if self.cast:
            return self.rng.choice(self.cast)
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def fill(self, template: str) -> str:
        rng = self.rng
        if "{" not in template:
            return template
        day = self.moment - timedelta(days=rng.randint(0, 6))
        values: dict[str, Any] = {
            # Mostly the article's own place, sometimes another one.
            "kab": self.kab if rng.random() < 0.7 else rng.choice(REGENCIES),
            "prov": self.prov if rng.random() < 0.7 else rng.choice(PROVINCES),
            "kec": rng.choice(self.narrow.get("kec", DISTRICTS)),
            "person": self.person(),
            "party": rng.choice(self.narrow.get("party", PARTIES)),
            "univ": rng.choice(self.narrow.get("univ", UNIVERSITIES)),
            "ngo": rng.choice(self.narrow.get("ngo", NGOS)),
            "n": rng.randint(12, 4800),
            "n1": rng.randint(1, 6),
            "n2": rng.randint(2, 60),
            "pct": f"{rng.randint(0, 4)},{rng.randint(0, 99):02d}",
            "violation": rng.choice(self.narrow.get("violation", VIOLATIONS)),
            "logistic": rng.choice(self.narrow.get("logistic", LOGISTICS)),
            "terrain": rng.choice(self.narrow.get("terrain", TERRAINS)),
            "terrain_t": rng.choice(TERRAINS).title(),
            "day": DAYS[day.weekday()],
            "date": f"{day.day}/{day.month}/{day.year}",
            "month": MONTHS_LONG[rng.randrange(12)],
        }
        return template.format_map(values)

    def pick(self, options: Sequence[str]) -> str:
        return self.fill(self.rng.choice(options))


def _focus(rng: random.Random, options: Sequence[str], count: int) -> list[str]:
    return rng.sample(list(options), min(count, len(options)))


def _paragraphs(w: Words, econ: bool) -> list[str]:
    """An article's paragraphs. Like a real story it sticks to a few actors, places and
    phrasings (a random handful of each list), so two articles share little running text."""
    rng = w.rng
    subjects, verbs, objects, times, purposes = (
        (ECON_SUBJECTS, ECON_VERBS, ECON_OBJECTS, ECON_TIMES, ECON_PURPOSES)
        if econ
        else (ELECTION_SUBJECTS, ELECTION_VERBS, ELECTION_OBJECTS, TIMES, ELECTION_PURPOSES)
    )
    w.cast = [w.person() for _ in range(3)]
    w.narrow = {
        "party": _focus(rng, PARTIES, 2),
        "univ": _focus(rng, UNIVERSITIES, 1),
        "ngo": _focus(rng, NGOS, 1),
        "violation": _focus(rng, VIOLATIONS, 2),
        "logistic": _focus(rng, LOGISTICS, 2),
        "terrain": _focus(rng, TERRAINS, 1),
        "kec": _focus(rng, DISTRICTS, 2),
    }
    focus = {
        "opener": _focus(rng, OPENERS, 3),
        "subject": _focus(rng, subjects, 3),
        "verb": _focus(rng, verbs, 4),
        "object": _focus(rng, objects, 3),
        "place": _focus(rng, PLACES, 2),
        "time": _focus(rng, times, 2),
        "purpose": _focus(rng, purposes, 2),
        "quote": _focus(rng, QUOTE_A, 2),
    }

    def sentence() -> str:
        if not econ and rng.random() < 0.12:
            quote = f"{rng.choice(focus['quote'])} {rng.choice(QUOTE_B)}"
            quote = quote.strip().removesuffix(".")
            return f'"{quote}," {rng.choice(SAYS)} {w.person()} {w.pick(focus["place"])}.'
        parts = []
        if rng.random() < 0.3:
            parts.append(rng.choice(focus["opener"]))
        parts += [w.pick(focus["subject"]), rng.choice(focus["verb"]), w.pick(focus["object"])]
        for slot, chance in (("place", 0.5), ("time", 0.4), ("purpose", 0.35)):
            if rng.random() < chance:
                parts.append(w.pick(focus[slot]))
        text = " ".join(parts)
        return text[0].upper() + text[1:] + "."

    return [
        " ".join(sentence() for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(8, 16))
    ]


# --- article records ----------------------------------------------------------------------


def _meta_rng(seed: int, index: int) -> random.Random:
    return random.Random(seed * 1_000_003 + index)


def article_record(index: int, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """What discovery needs about article ``index`` (cheap: no body)."""
    rng = _meta_rng(seed, index)
    layout = optika_layout()
    published = EPOCH + timedelta(minutes=index * 17 + rng.randint(0, 12))
    modified = published + timedelta(minutes=rng.randint(5, 180))
    section = rng.choices([s for s, _ in SECTIONS], [w for _, w in SECTIONS])[0]
    words = Words(rng, published)
    if section == "Ekonomi":
        title = words.pick(ECON_TITLES)
    elif rng.random() < 0.2:
        title = f"{words.person()}: {words.pick(TITLE_SUBJECTS)} Perlu {words.pick(TITLE_OBJECTS)}"
    else:
        title = (
            f"{words.pick(TITLE_SUBJECTS)} {rng.choice(TITLE_VERBS)} {words.pick(TITLE_OBJECTS)}"
        )
    slug = f"{layout.slugify(title)[:90].rstrip('-')}-{index + 1}"
    style = rng.choices(("jsonld", "meta", "plain"), (70, 20, 10))[0]
    return {
        "index": index,
        "slug": slug,
        "url": f"{SITE}/{slug}",
        "title": title,
        "section": section,
        "published": published,
        "modified": modified,
        "style": style,
        "authors": [words.person() for _ in range(rng.choice((1, 1, 1, 2)))],
        "editor": words.person(),
        "tags": rng.sample(TAGS, rng.randint(2, 5)) if section != "Ekonomi" else ["Ekonomi"],
        "kab": words.kab,
        "prov": words.prov,
    }


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


# --- page dressing (static parts are built once per process) -------------------------------


@cache
def _critical_css() -> str:
    rng = random.Random(7)
    names = (
        "site-header", "main-nav", "menu-item", "post-single", "post-title", "post-date",
        "post-content", "post-tags", "share-buttons", "sidebar", "ads-slot", "related-list",
        "popular-list", "footer-inner", "cookie-banner", "trending-bar", "mega-menu", "thumb",
    )  # fmt: skip
    props = (
        "display:flex", "margin:0 auto", "padding:12px 16px", "font-weight:600",
        "color:#1d1d1f", "background:#fff", "border-bottom:1px solid #e5e5e5",
        "line-height:1.6", "font-size:15px", "gap:8px", "max-width:1140px", "overflow:hidden",
    )  # fmt: skip
    rules: list[str] = []
    while sum(len(r) for r in rules) < 14_000:
        sel = "." + rng.choice(names) + rng.choice(("", " a", " li", ":hover", " img", " h3"))
        body = ";".join(rng.sample(props, rng.randint(2, 5)))
        media = rng.random() < 0.15
        rule = f"{sel}{{{body}}}"
        rules.append(
            f"@media (max-width:{rng.choice((480, 768, 992))}px){{{rule}}}" if media else rule
        )
    return "".join(rules)


@cache
def _mega_menu() -> str:
    layout = optika_layout()
    columns = []
    for section in ("Politik", "Pemilu", "Nasional", "Ekonomi", "Hukum", "Daerah", "Opini"):
        links = "".join(
            f'<li><a href="{SITE}/tag/{layout.slugify(t)}/">{t}</a></li>'
            for t in (*TAGS[:8], *(f"{section} {p}" for p in PROVINCES[:10]))
        )
        columns.append(
            f'<div class="mega-col"><h4><a href="{SITE}/category/{layout.slugify(section)}/">'
            f"{section}</a></h4><ul>{links}</ul></div>"
        )
    regions = "".join(
        f'<a class="region" href="{SITE}/tag/{layout.slugify(k)}/">{k}</a>' for k in REGENCIES
    )
    return (
        '<nav class="mega-menu" aria-label="Semua rubrik">'
        + "".join(columns)
        + f'<div class="mega-regions">{regions}</div></nav>'
    )


@cache
def _bundle() -> str:
    """A long, minified-looking inline script to cut padding from (like a theme bundle)."""
    rng = random.Random(11)
    words = ("init", "render", "lazy", "slot", "track", "observe", "bind", "queue", "fetch", "emit")
    out: list[str] = []
    while sum(len(s) for s in out) < 160_000:
        a, b = rng.choice(words), rng.choice(words)
        n = rng.randint(0, 0xFFFF)
        out.append(
            rng.choice(
                (
                    f"var _0x{n:04x}=function(e,t){{return e.{a}(t)||{n % 97}}};",
                    f"function {a}_{n:x}(e){{if(!e)return;e.{b}({n % 13});}}",
                    f"window.__q.push(['{a}',{{id:{n},k:'{b}{n % 7}'}}]);",
                    f"try{{document.querySelectorAll('.{b}-{n % 31}').forEach({a}_{n:x})}}catch(e){{}}",
                )
            )
        )
    return "".join(out)


def _head_extras(rec: dict[str, Any]) -> str:
    tags = json.dumps(rec["tags"], ensure_ascii=False)
    breadcrumb = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{SITE}/"},
            {
                "@type": "ListItem",
                "position": 2,
                "name": rec["section"],
                "item": f"{SITE}/category/{rec['section'].lower()}/",
            },
        ],
    }
    return f"""<style id="optika-critical-css">{_critical_css()}</style>
<script type="application/ld+json">{json.dumps(breadcrumb, ensure_ascii=False)}</script>
<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>
<script>
window.googletag = window.googletag || {{cmd: []}};
googletag.cmd.push(function() {{
  googletag.defineSlot('/2100100/optika/{rec["section"].lower()}/top', [[970, 90], [728, 90]], 'div-gpt-ad-top').addService(googletag.pubads());
  googletag.defineSlot('/2100100/optika/{rec["section"].lower()}/sidebar', [300, 250], 'div-gpt-ad-sidebar').addService(googletag.pubads());
  googletag.defineSlot('/2100100/optika/{rec["section"].lower()}/inarticle', [[336, 280], [300, 250]], 'div-gpt-ad-inarticle').addService(googletag.pubads());
  googletag.pubads().setTargeting('post_id', '{rec["index"] + 100000}').setTargeting('tags', {tags}).setTargeting('region', '{rec["kab"]}');
  googletag.pubads().enableSingleRequest(); googletag.pubads().collapseEmptyDivs(); googletag.enableServices();
}});
</script>
<script>!function(f,b,e,v,n,t,s){{if(f.fbq)return;n=f.fbq=function(){{n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)}};if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}}(window,document,'script','https://connect.facebook.net/en_US/fbevents.js');fbq('init','000000000000000');fbq('track','PageView');</script>
"""


def _trending(rng: random.Random) -> str:
    layout = optika_layout()
    picks = rng.sample(TAGS, 8)
    links = " ".join(f'<a href="{SITE}/tag/{layout.slugify(t)}/">#{t}</a>' for t in picks)
    return f'<div class="trending-bar"><span>TRENDING</span> {links}</div>'


def _link_items(records: Iterable[dict[str, Any]], cls: str, thumbs: bool) -> str:
    layout = optika_layout()
    items = []
    for r in records:
        img = (
            f'<img class="thumb" src="{layout.image_url({"slug": r["slug"], "published_at": _iso(r["published"])})}"'
            f' alt="" width="120" height="68" loading="lazy">'
            if thumbs
            else ""
        )
        items.append(
            f'<li class="{cls}-item"><a href="{r["url"]}">{img}<span class="{cls}-title">'
            f'{layout._esc(r["title"])}</span></a><span class="{cls}-date">'
            f"{layout.date_line(r['published'])}</span></li>"
        )
    return "".join(items)


def _state_json(rec: dict[str, Any], related: list[dict[str, Any]]) -> str:
    state = {
        "post": {
            "id": rec["index"] + 100000,
            "slug": rec["slug"],
            "section": rec["section"],
            "tags": rec["tags"],
            "authors": rec["authors"],
            "published": _iso(rec["published"]),
        },
        "related": [
            {"id": r["index"] + 100000, "title": r["title"], "url": r["url"]} for r in related
        ],
        "ads": {"refresh": 30, "lazy": True, "slots": ["top", "sidebar", "inarticle", "sticky"]},
        "experiments": {"infinite_scroll": rec["index"] % 2 == 0, "comments": "facebook"},
    }
    text = json.dumps(state, ensure_ascii=False).replace("</", "<\\/")
    return f'<script id="optika-state">window.__OPTIKA_STATE__ = {text};</script>'


def _neighbours(index: int, total: int, rng: random.Random, count: int) -> list[int]:
    """Other article indexes, mostly older ones (related news links back in time)."""
    pool = [i for i in range(max(0, index - 400), min(total, index + 5)) if i != index]
    if len(pool) < count:
        pool = [i for i in range(total) if i != index]
    return rng.sample(pool, min(count, len(pool)))


def render_page(index: int, total: int, seed: int = DEFAULT_SEED) -> str:
    """The HTML of article ``index`` on a site of ``total`` articles."""
    layout = optika_layout()
    rec = article_record(index, seed)
    rng = random.Random(seed * 2_000_003 + index)
    words = Words(rng, rec["published"])
    words.kab, words.prov = rec["kab"], rec["prov"]
    paras = _paragraphs(words, econ=rec["section"] == "Ekonomi")
    related_idx = _neighbours(index, total, rng, 12)
    related = [article_record(i, seed) for i in related_idx]
    # Body: dateline, "Baca juga" after paragraphs 1, 4, 7...; ads after 3, 8, 13.
    blocks: list[tuple[str, str]] = []
    for number, text in enumerate(paras, 1):
        blocks.append(("p", ("Optika.id - " + text) if number == 1 else text))
        if number % 3 == 1 and number < len(paras):
            blocks.append(("baca_juga", related[(number // 3) % len(related)]["title"]))
        if number % 5 == 3:
            blocks.append(("ad", ""))
    blocks.append(("editor", rec["editor"]))
    page = layout.render_article(
        {
            "slug": rec["slug"],
            "title": rec["title"],
            "authors": rec["authors"],
            "date_line": layout.date_line(rec["published"]),
            "section": rec["section"],
            "tags": rec["tags"],
            "blocks": blocks,
            "published_at": _iso(rec["published"]),
            "modified_at": _iso(rec["modified"]),
            "jsonld": rec["style"] == "jsonld",
            "meta_published": rec["style"] == "meta",
            "latest": [(r["title"], r["slug"]) for r in related[:5]],
            "post_id": rec["index"] + 100000,
        }
    )
    popular = [article_record(i, seed) for i in _neighbours(index, total, rng, 10)]
    related_html = (
        '<section class="related-news"><h3>BERITA TERKAIT</h3><ul class="related-list">'
        + _link_items(related, "related", thumbs=True)
        + '</ul></section><div class="comments-area"><div class="fb-comments" '
        f'data-href="{rec["url"]}" data-numposts="5"></div></div>'
    )
    popular_html = (
        '<div class="popular"><h3>TERPOPULER</h3><ol class="popular-list">'
        + _link_items(popular, "popular", thumbs=False)
        + '</ol></div><div class="ads-slot ads-sticky"><div id="div-gpt-ad-sidebar"></div></div>'
    )
    tail = (
        _state_json(rec, related)
        + '<script src="https://optika.id/wp-content/themes/optika/assets/js/infinite.js" defer></script>'
        + '<script>var _comscore=_comscore||[];_comscore.push({c1:"2",c2:"00000000"});</script>'
    )
    page = page.replace("</head>", _head_extras(rec) + "</head>", 1)
    page = page.replace("</header>", "</header>\n" + _mega_menu() + _trending(rng), 1)
    page = page.replace("</article>", "</article>\n" + related_html, 1)
    page = page.replace("</aside>", popular_html + "</aside>", 1)
    target = rng.randint(MIN_PAGE_BYTES + 2_000, MAX_PAGE_BYTES - 4_000)
    size = len(page.encode("utf-8")) + len(tail) + 40
    pad = ""
    if size < target:
        bundle = _bundle()
        need = min(target - size, len(bundle) - 1)
        start = rng.randrange(0, len(bundle) - need)
        pad = f'<script id="optika-bundle">{bundle[start : start + need]}</script>'
    return str(page).replace("</body>", tail + pad + "\n</body>", 1)


# --- discovery documents ------------------------------------------------------------------


def _xml(text: str) -> str:
    return xml_escape(text, {'"': "&quot;"})


def _robots() -> str:
    return f"""User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php
Disallow: /search/

Sitemap: {SITE}/sitemap_index.xml
"""


def _sitemap(records: list[dict[str, Any]]) -> str:
    layout = optika_layout()
    urls = "".join(
        f"""  <url>
    <loc>{r["url"]}</loc>
    <lastmod>{_iso(r["modified"])}</lastmod>
    <image:image>
      <image:loc>{layout.image_url({"slug": r["slug"], "published_at": _iso(r["published"])})}</image:loc>
    </image:image>
  </url>
"""
        for r in records
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="//optika.id/main-sitemap.xsl"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
{urls}</urlset>
"""


def _sitemap_index(chunks: list[list[dict[str, Any]]]) -> str:
    entries = "".join(
        f"""  <sitemap>
    <loc>{SITE}/post-sitemap{k}.xml</loc>
    <lastmod>{_iso(max(r["modified"] for r in chunk))}</lastmod>
  </sitemap>
"""
        for k, chunk in enumerate(chunks, 1)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="//optika.id/main-sitemap.xsl"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{entries}</sitemapindex>
"""


def _feed(records: list[dict[str, Any]]) -> str:
    items = "".join(
        f"""    <item>
      <title>{_xml(r["title"])}</title>
      <link>{r["url"]}</link>
      <dc:creator><![CDATA[{r["authors"][0]}]]></dc:creator>
      <pubDate>{format_datetime(r["published"])}</pubDate>
      <category><![CDATA[{r["section"]}]]></category>
      <guid isPermaLink="false">{SITE}/?p={r["index"] + 100000}</guid>
      <description><![CDATA[{_xml(r["title"])} [&#8230;]]]></description>
    </item>
"""
        for r in records
    )
    build = format_datetime(max(r["modified"] for r in records))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Optika.id</title>
    <atom:link href="{SITE}/feed/" rel="self" type="application/rss+xml" />
    <link>{SITE}/</link>
    <description>Media informasi dan analisis politik, pemilu, dan kebijakan publik</description>
    <lastBuildDate>{build}</lastBuildDate>
    <language>id</language>
{items}  </channel>
</rss>
"""


def discovery_files(
    total: int, seed: int = DEFAULT_SEED, per_sitemap: int = PER_SITEMAP
) -> dict[str, str]:
    """robots.txt, sitemap index, sitemaps, feed and listing pages for ``total`` articles."""
    layout = optika_layout()
    records = [article_record(i, seed) for i in range(total)]  # oldest first
    chunks = [records[k : k + per_sitemap] for k in range(0, total, per_sitemap)]
    files = {
        "robots.txt": _robots(),
        "sitemap_index.xml": _sitemap_index(chunks),
        "feed/index.xml": _feed(records[::-1][:FEED_ITEMS]),
    }
    for k, chunk in enumerate(chunks, 1):
        files[f"post-sitemap{k}.xml"] = _sitemap(chunk)
    politik = [r for r in reversed(records) if r["section"] == "Politik"]
    pages = min(LISTING_PAGES, max(1, -(-len(politik) // LISTING_PER_PAGE)))
    for page in range(1, pages + 1):
        items = [
            {
                "slug": r["slug"],
                "title": r["title"],
                "date_line": layout.date_line(r["published"]),
                "excerpt": f"{r['title']}. Baca selengkapnya di Optika.id.",
                "image_month": f"{r['published']:%Y%m}",
            }
            for r in politik[(page - 1) * LISTING_PER_PAGE : page * LISTING_PER_PAGE]
        ]
        rel = (
            "category/politik/index.html"
            if page == 1
            else f"category/politik/page/{page}/index.html"
        )
        files[rel] = layout.render_listing(items, page=page, total_pages=pages)
    return files


# --- writing ------------------------------------------------------------------------------


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def _write_pages(args: tuple[str, int, int, int, int]) -> tuple[int, int]:
    """Worker: write articles ``start..stop-1``; returns (pages, bytes)."""
    site, start, stop, total, seed = args
    written = 0
    for index in range(start, stop):
        rec_slug = article_record(index, seed)["slug"]
        written += _write(Path(site) / f"{rec_slug}.html", render_page(index, total, seed))
    return stop - start, written


def write_pages(
    site: Path,
    start: int,
    stop: int,
    total: int,
    seed: int,
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write articles ``start..stop-1`` in parallel; returns bytes written."""
    site.mkdir(parents=True, exist_ok=True)
    jobs = jobs or os.cpu_count() or 1
    step = 250
    tasks = [(str(site), a, min(a + step, stop), total, seed) for a in range(start, stop, step)]
    done = written = 0
    if jobs == 1 or len(tasks) == 1:
        results: Iterable[tuple[int, int]] = map(_write_pages, tasks)
        for pages, size in results:
            done, written = done + pages, written + size
            if progress:
                progress(done, stop - start)
        return written
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for pages, size in pool.map(_write_pages, tasks):
            done, written = done + pages, written + size
            if progress:
                progress(done, stop - start)
    return written


def write_discovery(site: Path, total: int, seed: int, per_sitemap: int) -> None:
    # Remove sitemaps a smaller site does not have any more.
    for old in site.glob("post-sitemap*.xml"):
        old.unlink()
    for rel, text in discovery_files(total, seed, per_sitemap).items():
        _write(site / rel, text)


def read_stamp(root: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((root / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_stamp(root: Path, stamp: dict[str, Any]) -> None:
    tmp = root / f".{STAMP}.part"
    tmp.write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    tmp.replace(root / STAMP)


def site_root(base: Path, pages: int) -> Path:
    """The served directory of an N-page site (``<base>/site-<N>``, holding ``optika.id/``)."""
    return base / f"site-{pages}"


def ensure_site(
    root: Path,
    pages: int,
    *,
    seed: int = DEFAULT_SEED,
    per_sitemap: int = PER_SITEMAP,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Path, bool]:
    """Generate (or reuse) an N-page site under ``root``; returns (root, reused)."""
    stamp = read_stamp(root)
    wanted = {"version": VERSION, "pages": pages, "seed": seed, "per_sitemap": per_sitemap}
    if stamp and all(stamp.get(k) == v for k, v in wanted.items()) and stamp.get("complete"):
        if stamp.get("added"):
            reset_site(root)
        return root, True
    if root.exists():
        if stamp is None and any(root.iterdir()):
            raise RuntimeError(f"refusing to overwrite {root}: it is not a bench site (no {STAMP})")
        shutil.rmtree(root)
    site = root / HOST
    site.mkdir(parents=True)
    _write_stamp(root, {**wanted, "complete": False, "added": 0})
    started = time.monotonic()
    size = write_pages(site, 0, pages, pages, seed, jobs=jobs, progress=progress)
    write_discovery(site, pages, seed, per_sitemap)
    _write_stamp(
        root,
        {
            **wanted,
            "complete": True,
            "added": 0,
            "article_bytes": size,
            "generated_in_s": round(time.monotonic() - started, 1),
        },
    )
    return root, False


def add_articles(root: Path, count: int) -> list[str]:
    """Publish ``count`` new articles (pages, sitemap, feed, listing); returns their URLs."""
    stamp = read_stamp(root)
    if not stamp or not stamp.get("complete"):
        raise RuntimeError(f"{root} is not a complete bench site")
    pages, seed, added = int(stamp["pages"]), int(stamp["seed"]), int(stamp.get("added", 0))
    start, stop = pages + added, pages + added + count
    site = root / HOST
    write_pages(site, start, stop, stop, seed, jobs=1)
    write_discovery(site, stop, seed, int(stamp["per_sitemap"]))
    _write_stamp(root, {**stamp, "added": added + count})
    return [article_record(i, seed)["url"] for i in range(start, stop)]


def reset_site(root: Path) -> None:
    """Take articles published by :func:`add_articles` back out."""
    stamp = read_stamp(root)
    if not stamp or not stamp.get("added"):
        return
    pages, seed, added = int(stamp["pages"]), int(stamp["seed"]), int(stamp["added"])
    site = root / HOST
    for index in range(pages, pages + added):
        (site / f"{article_record(index, seed)['slug']}.html").unlink(missing_ok=True)
    write_discovery(site, pages, seed, int(stamp["per_sitemap"]))
    _write_stamp(root, {**stamp, "added": 0})


def sample_pages(root: Path, count: int) -> list[tuple[Path, str]]:
    """``count`` saved article pages spread over the site: (file, url)."""
    stamp = read_stamp(root) or {}
    pages, seed = int(stamp.get("pages", 0)), int(stamp.get("seed", DEFAULT_SEED))
    if pages <= 0:
        return []
    step = max(1, pages // max(1, count))
    out = []
    for index in range(0, pages, step)[:count]:
        rec = article_record(index, seed)
        out.append((root / HOST / f"{rec['slug']}.html", rec["url"]))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the benchmark site (mirror layout).")
    parser.add_argument("--pages", type=int, default=5000, help="article pages (default 5000)")
    parser.add_argument("--root", type=Path, help="site directory (default: <bench dir>/site-N)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--per-sitemap", type=int, default=PER_SITEMAP)
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: CPU count)")
    args = parser.parse_args(argv)
    if args.pages < 1 or not 1 <= args.per_sitemap <= 50_000:
        parser.error("--pages must be >= 1 and --per-sitemap between 1 and 50000")
    root = args.root or site_root(default_root(), args.pages)

    def progress(done: int, total: int) -> None:
        sys.stderr.write(f"\rgenerating {done}/{total} pages")
        sys.stderr.flush()

    started = time.monotonic()
    root, reused = ensure_site(
        root, args.pages, seed=args.seed, per_sitemap=args.per_sitemap, jobs=args.jobs,
        progress=progress,
    )  # fmt: skip
    sys.stderr.write("\n" if not reused else "")
    verb = "reused" if reused else f"generated in {time.monotonic() - started:.1f}s"
    print(
        f"{root}: {args.pages} pages ({verb}); serve with python -m ikpcrawl.ops.devserver {root}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
