#!/bin/sh
# `yijian validate`: exit codes 0 ok / 3 warning / 1 invalid / 2 usage, and the
# Chinese message for each kind of mistake.
set -eu
: "${YIJIAN:?}"
export YJ_TODAY=2026-11-23
pass=0 failn=0
check() { # check EXPECTED_RC PATTERN TYPE VALUE [OPTIONS...]
	want=$1 pat=$2
	shift 2
	set +e
	out=$("$YIJIAN" validate "$@" 2>&1)
	rc=$?
	set -e
	if [ "$rc" -eq "$want" ] && printf '%s' "$out" | grep -q -- "$pat"; then
		pass=$((pass + 1))
	else
		failn=$((failn + 1))
		echo "FAIL: validate $* -> rc=$rc (want $want): $out"
	fi
}
check 0 'gender=F birth=1949-12-31' idcard 11010519491231002X
check 0 'norm=11010519491231002X' idcard 11010519491231002x
check 1 '校验位' idcard 110105194912310021
check 1 '' idcard 110105491231002
check 0 'norm=11010519491231002X' idcard 110105491231002 --legacy15
check 0 'region=310108' idcard 310108198001010012
check 1 '' idcard 11010520301231002X
check 0 'ok' phone 13812345678
check 0 'ok' phone 021-62345678
check 1 '手机' mobile 12812345678
check 0 'ok' postcode 200030
check 1 '6位数字' postcode 20003
check 0 'ok' uscc 91512081MA62K0260E
check 1 '' uscc 91310115MA1H8R7C6D
check 3 '核对' bank_account 6222021234567890124
check 0 'ok' bank_account 6222021234567890128
check 0 'norm=阿依古丽·买买提' name '阿依古丽•买买提'
check 1 '' name '王2'
check 0 'ok' name '㼆𠀀'
check 1 '闰年' date 2026-02-29
check 0 'ok' date 2024-02-29
check 2 'unknown type' bogus x
check 2 'usage' idcard
echo "$pass passed, $failn failed"
[ "$failn" -eq 0 ]
