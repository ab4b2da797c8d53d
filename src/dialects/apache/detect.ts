/** How an Apache httpd file is recognised: its names, the directories distributions keep it in, and its lines. */
import type { DialectFiles, LineShape } from "../plugin.js";

/** Directives that only Apache (and its usual modules) has; matched case-insensitively, as httpd does. */
const APACHE_DIRECTIVES = new Set(
  `acceptfilter acceptpathinfo accessfilename action addcharset adddefaultcharset adddescription addencoding addhandler
  addicon addiconbyencoding addiconbytype addinputfilter addlanguage addoutputfilter addoutputfilterbytype addtype alias
  aliasmatch allow allowencodedslashes allowmethods allowoverride allowoverridelist authbasicprovider authdigestprovider
  authgroupfile authldapurl authldapbinddn authldapbindpassword authname authtype authuserfile authzgroupfilemethod
  browsermatch browsermatchnocase cachedefaultexpire cacheenable cachedisable cacheignorenolastmod cachelock cacheroot
  customlog davlockdb defaultlanguage defaulttype define deflatecompressionlevel deny directoryindex directoryslash
  documentroot enablemmap enablesendfile errordocument errorlog expiresactive expiresbytype expiresdefault extendedstatus
  fcgidconnecttimeout fcgidipcdir fcgidmaxrequestlen fcgidwrapper fastcgiexternalserver fastcgiserver fileetag
  forcetype group header headername hostnamelookups indexignore indexoptions keepalive keepalivetimeout
  languagepriority limitrequestbody limitrequestfields listen loadfile loadmodule logformat loglevel maxclients
  maxconnectionsperchild maxkeepaliverequests maxrequestsperchild maxrequestworkers maxspareservers maxsparethreads
  mimemagicfile minspareservers minsparethreads namevirtualhost options order passenv php_admin_flag php_admin_value
  php_flag php_value pidfile protocols proxypass proxypassmatch proxypassreverse proxypreservehost proxyrequests
  proxyset proxytimeout pythondebug pythonhandler pythoninterpreter pythonoption pythonpath readmename redirect
  redirectmatch redirectpermanent redirecttemp remoteipheader remoteipinternalproxy requestheader require
  rewritebase rewritecond rewriteengine rewritelog rewriteloglevel rewritemap rewriteoptions rewriterule satisfy
  scriptalias scriptaliasmatch secaction secauditengine secauditlog secauditlogparts secdefaultaction secmarker
  secrequestbodyaccess secresponsebodyaccess secrule secruleengine secruleremovebyid secruleremovebytag
  secruleupdatetargetbyid secruleupdatetargetbytag seccomponentsignature seccollectiontimeout secdatadir sectmpdir
  serveradmin serveralias servername serverlimit serverroot serversignature servertokens setenv setenvif setenvifnocase
  sethandler setinputfilter setoutputfilter ssiendtag ssierrormsg ssistarttag sslcacertificatefile sslcertificatechainfile
  sslcertificatefile sslcertificatekeyfile sslciphersuite sslengine sslhonorcipherorder sslmutex sslopensslconfcmd
  ssloptions sslpassphrasedialog sslprotocol sslproxyengine sslrandomseed sslrequire sslrequiressl sslsessioncache
  sslsessioncachetimeout sslstaplingcache sslusestapling sslverifyclient sslverifydepth startservers startthreads
  suexecusergroup threadlimit threadsperchild threadstacksize timeout traceenable typesconfig unsetenv usecanonicalname
  use user userdir undefine undefmacro wsgiapplicationgroup wsgidaemonprocess wsgiimportscript wsgipassauthorization
  wsgiprocessgroup wsgipythonhome wsgipythonpath wsgiscriptalias wsgiscriptaliasmatch wsgisocketprefix xbithack
  mutex include includeoptional ifmodule scriptinterpretersource checkspelling checkcaseonly dirsuffix
  authnprovideralias authzprovideralias oidcproviderissuer oidcclientid oidcclientsecret oidcredirecturi
  oidccryptopassphrase oidcscope addoutputfilter deflatebuffersize h2direct bufferedlogs rlimitcpu rlimitmem
  rlimitnproc maxmemfree coredumpdirectory scoreboardfile sendbuffersize receivebuffersize gracefulshutdowntimeout
  filterdeclare filterprovider filterchain substitute limitinternalrecursion serverpath errorlogformat`
    .split(/\s+/)
    .filter(Boolean),
);

export const apacheFiles: DialectFiles = {
  mainConfigs: ["apache2.conf", "httpd.conf"],
  ownName: (base) =>
    base === ".htaccess" ||
    base.endsWith(".htaccess") ||
    /^htaccess(\.txt|\.dist)?$/.test(base) ||
    base === ".htaccess.dist" ||
    /^(httpd|apache2?)\.conf/.test(base) ||
    base.endsWith(".load"),
  directories: ["apache2", "httpd", "apache"],
  scoreLine({ code, first, endsStatement, opensBlock }: LineShape, inComment: boolean): number {
    if (/^<\/?[A-Za-z][\w.:-]*(\s[^>]*)?>$/.test(code)) return 3;
    if (!endsStatement && !opensBlock && APACHE_DIRECTIVES.has(first.toLowerCase()) && !/^\S+\s*(=|\+=|:=)/.test(code))
      return /^[A-Z]/.test(first) || first.startsWith("php_") ? 2 : 1;
    if (!inComment && !endsStatement && !opensBlock && /^[A-Z][A-Za-z0-9]*(\s|$)/.test(code) && !/^\S+\s*(=|\+=|:=|=>)/.test(code)) return 1;
    return 0;
  },
};
