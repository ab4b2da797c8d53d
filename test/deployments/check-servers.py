"""
Checks every held-out deployment's web-server configuration with the real server
(`nginx -t`, `apache2 -t`, `lighttpd -tt`): a config the server rejects is not a
realistic case. Each case is copied to a scratch directory, its /etc/<server> paths
pointed there and its certificates replaced by a throw-away self-signed one
(docker service names become 127.0.0.1, which nginx -t must resolve).
Usage: python3 test/deployments/check-servers.py [case ...]
"""
import os, pwd, re, shutil, subprocess, sys, tempfile
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "django")
C = tempfile.mkdtemp(prefix="certs-")
subprocess.run(f"openssl req -x509 -newkey rsa:2048 -nodes -keyout {C}/key.pem -out {C}/cert.pem -days 2 -subj /CN=example.test"
               f" && cat {C}/cert.pem {C}/key.pem > {C}/combined.pem && openssl dhparam -dsaparam -out {C}/dh.pem 2048",
               shell=True, check=True, capture_output=True)
LE = open(ROOT + "/digitalocean-gunicorn-socket-certbot/etc/letsencrypt/options-ssl-nginx.conf").read()
def has_user(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False
def rewrite(tmp):
    for dp, dn, fn in os.walk(tmp):
        for f in fn:
            p = os.path.join(dp, f)
            if os.path.islink(p):
                # Debian's `ln -s /etc/nginx/sites-available/x` links, as the server would follow them in the copy
                t = os.readlink(p)
                if any(t.startswith(d + "/") for d in ["/etc/nginx", "/etc/lighttpd", "/etc/apache2"]):
                    os.remove(p)
                    os.symlink(tmp + t, p)
                continue
            try: s = open(p).read()
            except Exception: continue
            o = s
            s = re.sub(r"(ssl_certificate|SSLCertificateFile)(\s+)[^\s;]+", lambda m: f"{m.group(1)}{m.group(2)}{C}/cert.pem", s)
            s = re.sub(r"(ssl_certificate_key|SSLCertificateKeyFile)(\s+)[^\s;]+", lambda m: f"{m.group(1)}{m.group(2)}{C}/key.pem", s)
            s = re.sub(r'ssl\.pemfile\s*=\s*"[^"]*"', f'ssl.pemfile = "{C}/combined.pem"', s)
            s = re.sub(r'ssl\.privkey\s*=\s*"[^"]*"', f'ssl.privkey = "{C}/key.pem"', s)
            s = re.sub(r'ssl\.ca-file\s*=\s*"[^"]*"', f'ssl.ca-file = "{C}/cert.pem"', s)
            s = re.sub(r"ssl_dhparam\s+\S+;", f"ssl_dhparam {C}/dh.pem;", s)
            s = s.replace("include /etc/letsencrypt/options-ssl-nginx.conf", f"include {tmp}/le/options-ssl-nginx.conf")
            s = s.replace("Include /etc/letsencrypt/options-ssl-apache.conf", f"Include {tmp}/etc/letsencrypt/options-ssl-apache.conf")
            for d in ["/etc/nginx", "/etc/lighttpd", "/etc/apache2"]:
                s = s.replace(d + "/", tmp + d + "/")
            s = re.sub(r"proxy_pass http://(web|api|django):", "proxy_pass http://127.0.0.1:", s)
            s = re.sub(r"server (web|django):(\d+)", r"server 127.0.0.1:\2", s)
            # nginx's `user` must name an account of this machine (`nginx` is Red Hat's and Alpine's, not Debian's)
            s = re.sub(r"^(\s*user\s+)(\w+)(\s*;)", lambda m: m.group(0) if has_user(m.group(2)) else m.group(1) + "www-data" + m.group(3), s, flags=re.M)
            if s != o: open(p, "w").write(s)
    os.makedirs(tmp + "/le", exist_ok=True); open(tmp + "/le/options-ssl-nginx.conf", "w").write(LE)
def run(cmd, env=None):
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True, env=env)
    return r.returncode, (r.stdout + r.stderr).strip()
for case in sorted(os.listdir(ROOT)):
    if len(sys.argv) > 1 and case not in sys.argv[1:]: continue
    src = os.path.join(ROOT, case)
    tmp = tempfile.mkdtemp(prefix="s4chk-")
    shutil.copytree(src, tmp, symlinks=True, dirs_exist_ok=True)
    rewrite(tmp)
    args = open(src + "/CMD").read().split()
    for i, a in enumerate(args):
        if a == "--map":
            frm, to = args[i + 1].split("=")
            if frm.startswith("/etc/") and not os.path.exists(tmp + frm):
                os.makedirs(os.path.dirname(tmp + frm), exist_ok=True)
                os.symlink(os.path.join(tmp, to), tmp + frm)
    results = []
    if os.path.exists(tmp + "/etc/nginx/nginx.conf"):
        results.append(("nginx", run(f"nginx -t -c {tmp}/etc/nginx/nginx.conf -p {tmp}")))
    if os.path.exists(tmp + "/etc/apache2/apache2.conf"):
        env = dict(os.environ, APACHE_CONFDIR=tmp + "/etc/apache2")
        results.append(("apache", run(f". {tmp}/etc/apache2/envvars && apache2 -t -d {tmp}/etc/apache2 -f {tmp}/etc/apache2/apache2.conf", env)))
    if os.path.exists(tmp + "/etc/lighttpd/lighttpd.conf"):
        results.append(("lighttpd", run(f"lighttpd -tt -f {tmp}/etc/lighttpd/lighttpd.conf")))
    # repository nginx snippets: wrap in a scratch main config
    cmd = open(src + "/CMD").read().split()
    for a in cmd:
        if a.startswith("-") or "=" in a: continue
        p = tmp + "/" + a
        if a.startswith("etc/") or not os.path.isfile(p): continue
        t = open(p).read()
        if re.search(r"^\s*(server|upstream)\s*\{|^\s*location\s", t, re.M):
            main = tmp + "/scratch-nginx.conf"
            inc = p if "server" in t else None
            if re.search(r"^location", t, re.M):  # a file of locations included in a server
                continue
            open(main, "w").write(f"events {{}}\nhttp {{\n include {tmp}/le/../scratch-types;\n include {p};\n}}\n")
            open(tmp + "/scratch-types", "w").write("types { text/html html; }\n")
            results.append(("nginx " + a, run(f"nginx -t -c {main} -p {tmp}")))
    for name, (rc, out) in results:
        status = "OK " if rc == 0 else "BAD"
        print(f"{status} {case:50s} {name}" + ("" if rc == 0 else "\n    " + out.replace("\n", "\n    ")))
    shutil.rmtree(tmp)
shutil.rmtree(C)
